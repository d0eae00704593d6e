/** The operators' REST routes' credentials: `Authorization: Bearer <token>`, compared in constant time. */
export declare function hasBearerToken(header: string | undefined, token: string): boolean;

/** Whether an absolute URL carries userinfo, read from its authority without parsing the whole URL. */
export declare function hasUserinfo(url: string): boolean;
export declare function refuseUserinfo(): Response;

/** A short, safe rendering of any value for an error message. */
export declare function preview(value: unknown): string;

/** The structured errors the SDK reports to `error` listeners and, unless in safe mode, to the console. */
export type CrispErrorCode = 
/** A command was refused: wrong shape or an invalid value. Nothing of it was applied. */
"invalid_command"
/** A verb or method this SDK does not implement (`["do", "chat:open"]`, ...). */
 | "unsupported_command"
/** The SDK was configured with a value it cannot use. */
 | "invalid_configuration"
/** The service refused a change for good (400 or 413); the change was dropped. */
 | "change_refused"
/** The service does not know the website, or refuses the page's origin (404, 403); syncing stopped. */
 | "website_refused"
/** A bug of the SDK itself, caught so that the page goes on. */
 | "internal_error";
export interface CrispError {
    code: CrispErrorCode;
    /** One sentence a developer can act on. */
    message: string;
    /** The command as it was pushed, when a command is at fault. */
    command?: unknown;
    /** The offending value. */
    value?: unknown;
    /** Where the offending value stands, e.g. `segments[2]`. */
    position?: string;
    /** What was expected there. */
    expected?: string;
    /** For sync errors: the HTTP status and the service's reason code. */
    status?: number;
    reason?: string;
}

/**
 * A website's rules: an ordered list of "when … then …". What they are, as `checkRules` answers them; how they run
 * is rule-engine.ts.
 */
/** The two things a rule can watch. A conversation is a chat session; a contact is a person of the website. */
export type RuleSubject = "conversation" | "contact";
/** The most rules a website may have. */
export declare const MAX_RULES = 100;
/** The most actions one rule may take. */
export declare const MAX_ACTIONS = 10;
/** A rule id and a webhook endpoint id: 1 to 64 letters, digits, `_` or `-`. */
export declare const ID_PATTERN: RegExp;
/** The longest name a rule may have, in characters. */
export declare const MAX_NAME_LENGTH = 100;
/**
 * What makes a rule fire. Each is an edge, never a state: a segment becomes present or absent, an email starts to
 * match, a contact comes into being. `subject`, when given, restricts the rule to conversations or to contacts.
 */
export type Trigger = {
    on: "segment_added";
    segment: string;
    subject?: RuleSubject;
} | {
    on: "segment_removed";
    segment: string;
    subject?: RuleSubject;
} | {
    on: "email_matches";
    pattern: string;
    subject?: RuleSubject;
} | {
    on: "contact_created";
};
/** What a rule does when it fires, in the order listed. `endpoint` is a webhook endpoint's id. */
export type Action = {
    do: "add_segments";
    segments: string[];
} | {
    do: "remove_segments";
    segments: string[];
} | {
    do: "send_webhook";
    endpoint: string;
};
export interface Rule {
    id: string;
    name?: string;
    enabled: boolean;
    when: Trigger;
    then: Action[];
}

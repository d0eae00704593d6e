/** The REST API's paths, as Crisp's REST API v1 names them (plus the atomic segment edits, ours), under a base path. */
export interface TeamPaths {
    meta: string;
    conversationSegments: string;
    conversations: string;
    conversationSuggestions: string;
    newProfile: string;
    profile: string;
    profileSegments: string;
    profiles: string;
    peopleSuggestions: string;
    batchSegments: string;
}
export declare function teamPaths(basePath: string): TeamPaths;

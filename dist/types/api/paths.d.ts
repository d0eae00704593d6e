/** The REST API's paths, relative to the base URL, each id encoded as one path segment. */
export declare const paths: {
    conversationMeta: (websiteId: string, sessionId: string) => string;
    conversationSegments: (websiteId: string, sessionId: string) => string;
    conversations: (websiteId: string, page: number) => string;
    conversationSuggestions: (websiteId: string, page: number) => string;
    newProfile: (websiteId: string) => string;
    profile: (websiteId: string, peopleId: string) => string;
    profileSegments: (websiteId: string, peopleId: string) => string;
    profiles: (websiteId: string, page: number) => string;
    peopleSuggestions: (websiteId: string, page: number) => string;
    batchSegments: (websiteId: string) => string;
};

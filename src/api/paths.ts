/** The REST API's paths, relative to the base URL, each id encoded as one path segment. */

const website = (websiteId: string): string => `v1/website/${encodeURIComponent(websiteId)}`;

export const paths = {
  conversationMeta: (websiteId: string, sessionId: string) =>
    `${website(websiteId)}/conversation/${encodeURIComponent(sessionId)}/meta`,
  conversationSegments: (websiteId: string, sessionId: string) =>
    `${website(websiteId)}/conversation/${encodeURIComponent(sessionId)}/segments`,
  conversations: (websiteId: string, page: number) => `${website(websiteId)}/conversations/${page}`,
  conversationSuggestions: (websiteId: string, page: number) =>
    `${website(websiteId)}/conversations/suggest/segments/${page}`,
  newProfile: (websiteId: string) => `${website(websiteId)}/people/profile`,
  profile: (websiteId: string, peopleId: string) =>
    `${website(websiteId)}/people/profile/${encodeURIComponent(peopleId)}`,
  profileSegments: (websiteId: string, peopleId: string) =>
    `${website(websiteId)}/people/profile/${encodeURIComponent(peopleId)}/segments`,
  profiles: (websiteId: string, page: number) => `${website(websiteId)}/people/profiles/${page}`,
  peopleSuggestions: (websiteId: string, page: number) => `${website(websiteId)}/people/suggest/segments/${page}`,
  batchSegments: (websiteId: string) => `${website(websiteId)}/batch/segments`,
};

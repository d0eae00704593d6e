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

export function teamPaths(basePath: string): TeamPaths {
  const website = `${basePath}/v1/website/:website`;
  return {
    meta: `${website}/conversation/:session/meta`,
    conversationSegments: `${website}/conversation/:session/segments`,
    conversations: `${website}/conversations/:page`,
    conversationSuggestions: `${website}/conversations/suggest/segments/:page`,
    newProfile: `${website}/people/profile`,
    profile: `${website}/people/profile/:people`,
    profileSegments: `${website}/people/profile/:people/segments`,
    profiles: `${website}/people/profiles/:page`,
    peopleSuggestions: `${website}/people/suggest/segments/:page`,
    batchSegments: `${website}/batch/segments`,
  };
}

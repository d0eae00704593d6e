// The commands of the push, burst and heap figures, and the smallest change they fold into.

/**
 * A seeded mix of set (60%) and remove (40%) of 1 or 2 names from a 50-name alphabet, so that the 100-segment
 * limit is never reached. Runs in the page (as source, MAKE_COMMANDS) and in Node.
 */
export function makeCommands(count, seed, alphabet) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const names = [];
  for (let i = 0; i < alphabet; i++) names.push(`segment-${String(i).padStart(2, "0")}`);
  const commands = new Array(count);
  for (let i = 0; i < count; i++) {
    const picked = [names[Math.floor(random() * alphabet)]];
    if (random() < 0.3) picked.push(names[Math.floor(random() * alphabet)]);
    commands[i] = random() < 0.6 ? ["set", "session:segments", [picked]] : ["do", "session:segments:remove", [picked]];
  }
  return commands;
}
export const MAKE_COMMANDS = makeCommands.toString();
export const COMMANDS = 100_000;
export const ALPHABET = 50;

/** Pushes `count` seeded commands in the page, synchronously. */
export const pushCommands = (page, count, seed) =>
  page.evaluate(
    ({ source, count, alphabet, seed }) => {
      const commands = (0, eval)(`(${source})`)(count, seed, alphabet);
      const start = performance.now();
      for (let i = 0; i < commands.length; i++) window.$crisp.push(commands[i]);
      return start;
    },
    { source: MAKE_COMMANDS, count, alphabet: ALPHABET, seed },
  );

/** The protocol's folding rules, applied to the same commands: the smallest change a burst can become. */
export function referenceChange(commands) {
  const add = [];
  const remove = [];
  for (const [verb, , [names]] of commands) {
    for (const name of names) {
      if (verb === "set") {
        if (!add.includes(name)) add.push(name);
      } else {
        if (!remove.includes(name)) remove.push(name);
        const at = add.indexOf(name);
        if (at >= 0) add.splice(at, 1);
      }
    }
  }
  return { overwrite: false, segments: add, remove };
}

// @tensorflow/tfjs-node is an optional dependency: npm drops it when its install fails (a fresh
// install, before `npm run setup:native`), and tsc must still pass there. The child loads it with a
// dynamic import and casts it to tfjs's own type, so nothing is lost by declaring it loosely.
declare module '@tensorflow/tfjs-node';

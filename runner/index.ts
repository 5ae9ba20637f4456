// kb's runner: executes the TypeScript/JavaScript examples of Markdown pages on TensorFlow.js and
// embeds or verifies their outputs. The public entry only re-exports.
export { runVault, shardOf, type BlockReport, type BlockStatus, type RunOptions, type RunReport } from './run.ts';
export { embeddedOutputs, parseMeta, type EmbeddedOutputs, type ExampleWithOutput, type OutputState } from './embedded.ts';
export { pageBlocks, parseInfo, blockHash, EXECUTABLE_LANGS, OUTPUT_LANG, CHART_LANG, type BlockOptions, type ExampleBlock } from './blocks.ts';
export { compareOutputs, DEFAULT_ATOL, DEFAULT_RTOL } from './compare.ts';
export { availableBackends, nativeUnavailableReason } from './backends.ts';
export type { Chart, LineChart, ScatterChart, BarChart, PlotApi } from './charts.ts';
export type { BackendName } from './protocol.ts';

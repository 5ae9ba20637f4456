// kb's runner: executes the TypeScript/JavaScript examples of Markdown pages on TensorFlow.js and
// embeds or verifies their outputs. The public entry only re-exports.
export { runVault, shardOf, DEFAULT_RUN_LIMITS, type BlockReport, type BlockStatus, type RunLimits, type RunOptions, type RunReport } from './run.ts';
export { SandboxUnavailableError, type Isolation, type SandboxMode } from './pool.ts';
export { probeSandbox } from './isolation.ts';
export { embeddedOutputs, parseMeta, type EmbeddedOutputs, type ExampleWithOutput, type OutputState } from './embedded.ts';
export { pageBlocks, parseInfo, blockHash, EXECUTABLE_LANGS, OUTPUT_LANG, CHART_LANG, type BlockOptions, type ExampleBlock } from './blocks.ts';
export { compareOutputs, DEFAULT_ATOL, DEFAULT_RTOL } from './compare.ts';
export { availableBackends, nativeUnavailableReason } from './backends.ts';
export type { Chart, LineChart, ScatterChart, BarChart, PlotApi } from './charts.ts';
export { chartSchema } from '../schemas/chart.ts';
export type { BackendName } from './protocol.ts';

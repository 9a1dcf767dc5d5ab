/** Splitting one huge file into record-aligned chunks that several workers scan at once. */
export { isChunkResult } from './chunk-result-guard';
export { mergeChunkResults } from './merge';
export { chunkRanges, DEFAULT_SPLIT_TUNING, planSplit } from './plan';
export { processSplitFile, type SubmitChunk } from './process-split-file';
export { runChunk } from './run-chunk';
export type { ChunkContext, ChunkResult, SplitPlan, SplitTuning } from './types';

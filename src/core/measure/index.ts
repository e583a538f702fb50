// Measure → recommend → prove → apply: the public face of src/core/measure (docs/measure.md).
export * from './stats';
export * from './recommend';
export { sampleLatency, measureStarts, splitCommandLine, MeasureError, type ProbeUnderTest, type Launch, type SampleOptions, type StartOptions } from './sample';
export { prove, scenarioFromMeasurements, type Proof, type ProofSide } from './prove';
export { recommendationEdits, applyEdits, type ApplyResult } from './apply';
export * from './record';

// Measure → recommend → prove → apply: the public face of src/core/measure (docs/measure.md).
export * from './stats';
export * from './recommend';
export { sampleLatency, measureStarts, splitCommandLine, MeasureError, type ProbeUnderTest, type Launch, type SampleOptions, type StartOptions } from './sample';
export { commandStarter, type AppStarter, type AppHandle, type StartedApp } from './starters';
export { parseLaunchSetting, type LaunchSetting } from './launch-setting';
export { probeEndpoint, portHeld, portHeldMessage } from './port-check';
export { takeOverQuestion, watchAnswerer, type TakeOverQuestion, type AnswererWatch } from './takeover';
export { prove, scenarioFromMeasurements, type Proof, type ProofSide } from './prove';
export { recommendationEdits, applyEdits, type ApplyResult } from './apply';
export * from './record';

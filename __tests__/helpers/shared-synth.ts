/** The variable through which jest's global setup hands every worker the run's shared synth directory. */
export const SHARED_SYNTH_ENV = "JEST_SHARED_SYNTH_DIR";

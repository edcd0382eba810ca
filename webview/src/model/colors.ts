// Step colors: a step's index picks one of the VS Code chart colors, as a CSS class
// (`step-0` ... `step-5` in media/timeline.css), so every theme, high contrast included,
// decides the actual color.

export const STEP_COLOR_COUNT = 6;

/** A negative index (a Sigma detection) gets `sigma`, a color no step uses. */
export function stepClass(stepIndex: number): string {
  return stepIndex < 0 ? 'sigma' : `step-${stepIndex % STEP_COLOR_COUNT}`;
}

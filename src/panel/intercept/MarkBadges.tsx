// What intercept did to a message, as badges in its table row: one per action, titled with who did it.
import type { InterceptMark, InterceptStepAction } from '../../shared/intercept';

const LABELS: Record<InterceptStepAction, string> = {
  held: 'held',
  edited: 'edited',
  modified: 'modified',
  dropped: 'dropped',
  delayed: 'delayed',
  duplicated: 'duplicate',
  mocked: 'mocked',
};

export function MarkBadges({ mark }: { mark: InterceptMark }) {
  const seen = new Set<InterceptStepAction>();
  return (
    <>
      {mark.steps.map((step, index) => {
        if (seen.has(step.action)) return null;
        seen.add(step.action);
        const by = mark.steps.filter((other) => other.action === step.action).map((other) => other.by);
        return (
          <span key={index} class={`mark mark-intercept mark-${step.action}`} title={`${LABELS[step.action]} by ${by.join(', ')}`}>
            {LABELS[step.action]}
          </span>
        );
      })}
    </>
  );
}

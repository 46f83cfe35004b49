// A toolbar switch that shows or hides one view (Timeline, Stats), pressed while the view is shown.
import type { Signal } from '@preact/signals';

export function ViewToggle({ shown, label, title }: { shown: Signal<boolean>; label: string; title: string }) {
  const pressed = shown.value;
  return (
    <button type="button" aria-pressed={pressed} title={title} onClick={() => (shown.value = !pressed)}>
      {label}
    </button>
  );
}

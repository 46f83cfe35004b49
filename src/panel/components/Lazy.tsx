// Code loaded on first use: a component that loads its module when first rendered and shows
// "Loading…" (or what `fallback` renders) until then. Later renders use the loaded module at once.
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazyComponent<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
  fallback: (props: Props, children: ComponentChildren) => ComponentChildren = (_props, children) => children,
): ComponentType<Props> {
  let loaded: ComponentType<Props> | undefined;
  let loading: Promise<ComponentType<Props>> | undefined;
  return function Lazy(props: Props) {
    const [, setReady] = useState(false);
    const [failure, setFailure] = useState<string | null>(null);
    const renderedLoaded = loaded !== undefined;
    useEffect(() => {
      // The module may have arrived (another instance loaded it) between this render and its effect,
      // which runs after paint: render again, or "Loading…" would stay.
      if (loaded) {
        if (!renderedLoaded) setReady(true);
        return;
      }
      let mounted = true;
      loading ??= load();
      loading.then(
        (component) => {
          loaded = component;
          if (mounted) setReady(true);
        },
        (error: unknown) => {
          // Try again on the next opening (an extension update can replace the files under us).
          loading = undefined;
          if (mounted) setFailure(error instanceof Error ? error.message : String(error));
        },
      );
      return () => {
        mounted = false;
      };
    }, []);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    const note = failure ? (
      <div class="wsi-error" role="alert">
        Could not load this part of the panel: {failure}
      </div>
    ) : (
      <div class="wsi-hint lazy-loading" role="status">
        Loading…
      </div>
    );
    return <>{fallback(props, note)}</>;
  };
}

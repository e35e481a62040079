'use client';

import { useEffect, useId, useState, type ComponentType } from 'react';
import type { StationAutocompleteProps } from './station-autocomplete';
import { StationField } from './station-field';

type Props = Omit<StationAutocompleteProps, 'refocus'>;

let loading: Promise<ComponentType<StationAutocompleteProps>> | undefined;
const loadAutocomplete = () =>
  (loading ??= import('./station-autocomplete').then(
    (m) => m.StationAutocomplete,
    (e: unknown) => {
      loading = undefined; // a later mount tries again
      throw e;
    },
  ));

/**
 * A station input. The page's first load carries a plain text input (a typed station name is a valid
 * search on its own); the autocomplete (station-autocomplete.tsx, downshift's combobox, ~10 KB gzip)
 * is fetched right after hydration and takes its place with the same value, and with the focus (caret
 * at the end, list open) if the plain input had it.
 */
export function StationCombobox(props: Props) {
  const [loaded, setLoaded] = useState<{ Autocomplete: ComponentType<StationAutocompleteProps>; refocus: boolean }>();
  const id = useId();
  useEffect(() => {
    let live = true;
    loadAutocomplete().then(
      (Autocomplete) =>
        live && setLoaded({ Autocomplete, refocus: document.activeElement === document.getElementById(id) }),
      () => {}, // the plain input stays: searching by a typed name still works
    );
    return () => {
      live = false;
    };
  }, [id]);

  if (loaded) return <loaded.Autocomplete {...props} refocus={loaded.refocus} />;
  return (
    <StationField
      name={props.name}
      label={props.label}
      error={props.error}
      labelProps={{ htmlFor: id }}
      inputProps={{
        id,
        value: props.value,
        onChange: (e) => props.onChange(e.target.value),
      }}
    />
  );
}

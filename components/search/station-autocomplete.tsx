'use client';

import { useQuery } from '@tanstack/react-query';
import { useCombobox } from 'downshift';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import { getQueryClient } from '@/components/query-client';
import { ComboboxMenu } from '@/components/ui/combobox-menu';
import type { StationOption } from '@/lib/stations';
import { StationField } from './station-field';

async function fetchStations(q: string): Promise<StationOption[]> {
  const res = await fetch(`/api/stations?q=${encodeURIComponent(q)}`);
  if (!res.ok) return [];
  return ((await res.json()) as { options: StationOption[] }).options;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export interface StationAutocompleteProps {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  /** It replaces a plain input that had the focus: take it over (caret at the end, list open). */
  refocus?: boolean;
}

/**
 * Station autocomplete (downshift's ARIA 1.2 combobox): type 汉字, pinyin, initials or telecode;
 * arrows move, Enter picks, Escape closes. The chosen station name is submitted under `name`.
 * Loaded after hydration by station-combobox.tsx, so it is not part of the page's first-load JS.
 */
export function StationAutocomplete({ name, label, value, onChange, error, refocus }: StationAutocompleteProps) {
  const t = useTranslations('search.station');
  const english = useLocale() === 'en';
  const q = useDebounced(value.trim(), 120);
  const { data } = useQuery(
    // The station list does not change while the tab is open.
    { queryKey: ['stations', q], queryFn: () => fetchStations(q), enabled: q !== '', staleTime: Infinity },
    getQueryClient(),
  );
  const items = (q && data) || [];

  const inputId = useId();
  const { isOpen, getLabelProps, getInputProps, getMenuProps, getItemProps, highlightedIndex, openMenu } = useCombobox({
    items,
    inputId,
    inputValue: value,
    itemToString: (item) => item?.value ?? '',
    onInputValueChange: ({ inputValue }) => onChange(inputValue),
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem) onChange(selectedItem.value);
    },
  });
  // Only when it first takes over from the plain input.
  const takeOver = useRef(refocus);
  useEffect(() => {
    const el = document.getElementById(inputId);
    if (!takeOver.current || !(el instanceof HTMLInputElement)) return;
    takeOver.current = false;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    if (el.value) openMenu();
  }, [openMenu, inputId]);

  return (
    <StationField name={name} label={label} error={error} labelProps={getLabelProps()} inputProps={getInputProps()}>
      <ComboboxMenu
        items={items}
        isOpen={isOpen}
        highlightedIndex={highlightedIndex}
        getMenuProps={getMenuProps}
        getItemProps={getItemProps}
        keyOf={(item) => `${item.kind}-${item.value}`}
        // In English: the English name, with the Chinese beside it (what the station's signs say).
        label={(item) =>
          english ? (
            <>
              {item.kind === 'city'
                ? t('allStations', { city: item.english, count: item.stationCount ?? 0 })
                : item.english}{' '}
              <span lang="zh-CN" className="text-slate-600">
                {item.value}
              </span>
            </>
          ) : (
            item.label
          )
        }
        detail={(item) =>
          item.kind === 'city' ? t('city') : `${english ? item.cityEnglish : item.city} · ${item.telecode}`
        }
      />
    </StationField>
  );
}

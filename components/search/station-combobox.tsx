'use client';

import { useCombobox } from 'downshift';
import { useEffect, useState } from 'react';
import type { StationOption } from '@/lib/stations';
import { load, useEntry } from './fetch-store';

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

/**
 * Station autocomplete (downshift's ARIA 1.2 combobox): type 汉字, pinyin, initials or telecode;
 * arrows move, Enter picks, Escape closes. The chosen station name is submitted under `name`.
 */
export function StationCombobox({
  name,
  label,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const q = useDebounced(value.trim(), 120);
  useEffect(() => {
    if (q) load(`stations:${q}`, () => fetchStations(q));
  }, [q]);
  const items = useEntry<StationOption[]>(q ? `stations:${q}` : null).data ?? [];

  const { isOpen, getLabelProps, getInputProps, getMenuProps, getItemProps, highlightedIndex } = useCombobox({
    items,
    inputValue: value,
    itemToString: (item) => item?.value ?? '',
    onInputValueChange: ({ inputValue }) => onChange(inputValue),
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem) onChange(selectedItem.value);
    },
  });
  const errorId = `${name}-error`;

  return (
    <div className="relative flex flex-col gap-1">
      <label {...getLabelProps()} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        {...getInputProps({
          name,
          placeholder: '车站名 / 拼音 / 简拼',
          autoComplete: 'off',
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? errorId : undefined,
        })}
        className="rounded border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600"
      />
      <ul
        {...getMenuProps()}
        className={`absolute top-full z-30 mt-1 max-h-72 w-full overflow-auto rounded border border-slate-200 bg-white shadow-lg ${
          isOpen && items.length ? '' : 'hidden'
        }`}
      >
        {isOpen &&
          items.map((item, index) => (
            <li
              key={`${item.kind}-${item.value}`}
              {...getItemProps({ item, index })}
              className={`flex cursor-pointer justify-between px-3 py-2 text-sm ${highlightedIndex === index ? 'bg-brand-50' : ''}`}
            >
              <span>{item.label}</span>
              <span className="text-slate-500">
                {item.kind === 'city' ? '城市' : `${item.city} · ${item.telecode}`}
              </span>
            </li>
          ))}
      </ul>
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

'use client';

import type { UseComboboxPropGetters } from 'downshift';
import type { ReactNode } from 'react';

/**
 * The list under a downshift combobox (stations, agency customers): hidden while closed or empty, each
 * option a row with its name on the left and a detail on the right, the highlighted one tinted.
 */
export function ComboboxMenu<T>({
  items,
  isOpen,
  highlightedIndex,
  getMenuProps,
  getItemProps,
  keyOf,
  label,
  detail,
}: {
  items: T[];
  isOpen: boolean;
  highlightedIndex: number;
  getMenuProps: UseComboboxPropGetters<T>['getMenuProps'];
  getItemProps: UseComboboxPropGetters<T>['getItemProps'];
  keyOf: (item: T) => string;
  label: (item: T) => ReactNode;
  detail: (item: T) => ReactNode;
}) {
  return (
    <ul
      {...getMenuProps()}
      className={`absolute top-full z-30 mt-1 max-h-72 w-full overflow-auto rounded border border-slate-200 bg-white shadow-lg ${
        isOpen && items.length ? '' : 'hidden'
      }`}
    >
      {isOpen &&
        items.map((item, index) => (
          <li
            key={keyOf(item)}
            {...getItemProps({ item, index })}
            className={`flex cursor-pointer justify-between gap-3 px-3 py-2 text-sm ${highlightedIndex === index ? 'bg-brand-50' : ''}`}
          >
            <span>{label(item)}</span>
            <span className="text-slate-600">{detail(item)}</span>
          </li>
        ))}
    </ul>
  );
}

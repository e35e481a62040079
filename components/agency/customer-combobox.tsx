'use client';

import { useCombobox } from 'downshift';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { ComboboxMenu } from '@/components/ui/combobox-menu';

export interface CustomerOption {
  id: string;
  name: string;
  mobileMasked: string;
}

/** Name, or the mobile's last digits (customers' mobiles are shown masked: 139****5678). */
function matches(c: CustomerOption, q: string): boolean {
  const t = q.trim();
  if (!t) return true;
  return c.name.includes(t) || (/^\d{1,4}$/.test(t) && c.mobileMasked.endsWith(t));
}

/**
 * The agency's customers as a combobox (downshift, as the station autocomplete): type a name or the
 * mobile's last digits, arrows move, Enter picks. The list is the agency's customers the page loaded.
 */
export function CustomerCombobox({
  customers,
  selected,
  onSelect,
}: {
  customers: CustomerOption[];
  selected: CustomerOption | null;
  onSelect: (c: CustomerOption | null) => void;
}) {
  const t = useTranslations('agency.combobox');
  const [input, setInput] = useState(selected?.name ?? '');
  const items = customers.filter((c) => matches(c, input)).slice(0, 30);
  const inputId = useId();
  const { isOpen, getLabelProps, getInputProps, getMenuProps, getItemProps, highlightedIndex } = useCombobox({
    items,
    inputId,
    inputValue: input,
    selectedItem: selected,
    itemToString: (c) => c?.name ?? '',
    onInputValueChange: ({ inputValue }) => setInput(inputValue),
    onSelectedItemChange: ({ selectedItem }) => onSelect(selectedItem ?? null),
  });
  return (
    <div className="relative flex flex-col gap-1 sm:max-w-sm">
      <label {...getLabelProps()} className="text-sm font-medium text-slate-700">
        {t('label')}
      </label>
      <input
        {...getInputProps()}
        placeholder={t('placeholder')}
        autoComplete="off"
        className="rounded border border-slate-300 bg-white px-3 py-2 text-base"
      />
      <ComboboxMenu
        items={items}
        isOpen={isOpen}
        highlightedIndex={highlightedIndex}
        getMenuProps={getMenuProps}
        getItemProps={getItemProps}
        keyOf={(c) => c.id}
        label={(c) => c.name}
        detail={(c) => c.mobileMasked}
      />
      {isOpen && items.length === 0 && (
        <p className="text-sm text-slate-600" role="status">
          {t('none')}
        </p>
      )}
    </div>
  );
}

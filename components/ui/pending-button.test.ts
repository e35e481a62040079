import { createElement, type ComponentProps } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MobileDisclosure } from '@/components/search/mobile-disclosure';
import { PendingButton } from './pending-button';

const button = (props: { pending: boolean; disabled?: boolean }) =>
  renderToStaticMarkup(
    createElement(PendingButton, { ...props, pendingLabel: '查询中…', className: 'btn', type: 'submit' }, '查询'),
  );

describe('PendingButton', () => {
  it('idle: its label, enabled, not busy, no spinner', () => {
    const html = button({ pending: false });
    expect(html).toBe('<button class="btn" type="submit">查询</button>');
  });

  it('pending: disabled, aria-busy, the pending label beside a spinner hidden from the accessibility tree', () => {
    const html = button({ pending: true });
    expect(html).toMatch(/^<button class="btn" type="submit" disabled="" aria-busy="true">/);
    expect(html).toContain('<span aria-hidden="true" class="inline-block size-4');
    expect(html).toContain('查询中…');
    expect(html).not.toContain('>查询<');
  });

  it('disabled for its own reason while idle: disabled, not busy', () => {
    const html = button({ pending: false, disabled: true });
    expect(html).toContain('disabled=""');
    expect(html).not.toContain('aria-busy');
  });
});

describe('MobileDisclosure', () => {
  it('starts folded: the button says aria-expanded=false and controls the panel, hidden below sm only', () => {
    const html = renderToStaticMarkup(
      createElement(
        MobileDisclosure,
        // children come as the third argument
        { summary: '北京南 → 上海', action: { closed: '修改查询', open: '收起' }, testId: 't' } as ComponentProps<
          typeof MobileDisclosure
        >,
        createElement('form', { 'aria-label': '车票查询' }),
      ),
    );
    const controls = /aria-controls="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain('aria-expanded="false"');
    expect(controls).toBeTruthy();
    expect(html).toContain(`<div id="${controls}" class="max-sm:hidden"><form aria-label="车票查询"></form></div>`);
    expect(html).toMatch(/<button[^>]*class="[^"]*sm:hidden[^"]*"/);
    expect(html).toContain('修改查询');
  });
});

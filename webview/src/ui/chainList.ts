// The chain list: a virtualized listbox (only the rows in view exist), so 10,000 chains open
// at once. Click selects one chain, Ctrl/Cmd-click adds or removes one; Up/Down move the
// active row, Space/Enter select it.

import type { TimelineChain } from '../../../src/protocol/webview';
import { listWindow, scrollToRow } from '../model/virtualList';
import { formatInstant } from '../model/timeScale';
import { hostsOf } from '../model/filter';
import { el } from './el';

const ROW_HEIGHT = 24;

export interface ChainListEvents {
  onSelect(chainIds: string[]): void;
}

export class ChainList {
  readonly element: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly count: HTMLElement;
  private chains: readonly TimelineChain[] = [];
  private selected = new Set<string>();
  private active = 0;
  private timeZone = 'UTC';

  constructor(private readonly events: ChainListEvents) {
    this.count = el('div', { class: 'list-count', 'data-testid': 'chain-count', 'aria-live': 'polite' });
    this.rows = el('div', { class: 'list-rows' });
    this.spacer = el('div', { class: 'list-spacer' });
    this.viewport = el('div', { class: 'list-viewport', role: 'listbox', tabindex: 0, 'aria-label': 'Chains', 'aria-multiselectable': 'true', 'data-testid': 'chain-list' });
    this.viewport.append(this.spacer, this.rows);
    this.element = el('aside', { class: 'chain-list', 'aria-label': 'Chain list', 'data-region': 'chain-list' });
    this.element.append(this.count, this.viewport);
    this.viewport.addEventListener('scroll', () => this.draw());
    this.viewport.addEventListener('click', (e) => this.onClick(e));
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.draw()).observe(this.viewport);
  }

  update(chains: readonly TimelineChain[], selectedIds: readonly string[], total: number, timeZone: string): void {
    this.chains = chains;
    this.selected = new Set(selectedIds);
    this.timeZone = timeZone;
    this.active = Math.min(this.active, Math.max(chains.length - 1, 0));
    this.count.textContent = chains.length === total ? `${total} chains` : `${chains.length} of ${total} chains`;
    this.spacer.style.height = `${chains.length * ROW_HEIGHT}px`;
    this.draw();
  }

  private draw(): void {
    const w = listWindow(this.chains.length, ROW_HEIGHT, this.viewport.scrollTop, this.viewport.clientHeight || 400);
    this.rows.style.transform = `translateY(${w.offset}px)`;
    const rows: HTMLElement[] = [];
    for (let i = w.first; i < w.last; i++) rows.push(this.row(this.chains[i], i));
    this.rows.replaceChildren(...rows);
    const activeId = this.chains[this.active] ? `chain-row-${this.active}` : null;
    if (activeId) this.viewport.setAttribute('aria-activedescendant', activeId);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  private row(tc: TimelineChain, index: number): HTMLElement {
    const c = tc.chain;
    const selected = this.selected.has(tc.id);
    const row = el('div', {
      id: `chain-row-${index}`, class: `chain-row${selected ? ' selected' : ''}${index === this.active ? ' active' : ''}`, role: 'option',
      'aria-selected': String(selected), 'aria-posinset': index + 1, 'aria-setsize': this.chains.length,
      'data-chain-id': tc.id, 'data-index': index, 'data-testid': 'chain-row', title: c.title,
    });
    row.append(
      el('span', { class: `severity sev-${c.severity}` }, c.severity),
      el('span', { class: 'analytic' }, c.analytic),
      el('span', { class: 'hosts' }, hostsOf(tc).join(', ')),
      el('span', { class: 'when' }, formatInstant(c.start, this.timeZone).slice(0, 19)),
    );
    return row;
  }

  private onClick(e: MouseEvent): void {
    const row = (e.target as Element).closest('[data-chain-id]');
    if (!row) return;
    this.active = Number(row.getAttribute('data-index'));
    this.choose(row.getAttribute('data-chain-id')!, e.ctrlKey || e.metaKey);
  }

  private choose(id: string, toggle: boolean): void {
    if (!toggle) this.events.onSelect([id]);
    else if (this.selected.has(id)) this.events.onSelect([...this.selected].filter((s) => s !== id));
    else this.events.onSelect([...this.selected, id]);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.chains.length;
    if (!n) return;
    const move = (to: number) => {
      this.active = Math.min(n - 1, Math.max(0, to));
      this.viewport.scrollTop = scrollToRow(this.active, ROW_HEIGHT, this.viewport.scrollTop, this.viewport.clientHeight);
      this.draw();
    };
    switch (e.key) {
      case 'ArrowDown': move(this.active + 1); break;
      case 'ArrowUp': move(this.active - 1); break;
      case 'PageDown': move(this.active + 15); break;
      case 'PageUp': move(this.active - 15); break;
      case 'Home': move(0); break;
      case 'End': move(n - 1); break;
      case 'Enter': case ' ': this.choose(this.chains[this.active].id, e.ctrlKey || e.metaKey); break;
      default: return;
    }
    e.preventDefault();
  }
}

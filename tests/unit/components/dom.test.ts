/**
 * The DOM helper every page script uses (src/components/dom.ts). Vitest runs in Node here, so a
 * minimal fake DOM stands in for the browser: just what the helper touches. What matters is
 * what a user would notice: text stays text, a missing element names itself, a message gets its
 * tone, dropped and chosen files arrive once, a fragment is read and cleared.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

class FakeNode {
  parent: FakeElement | undefined;
}
class FakeText extends FakeNode {
  constructor(readonly data: string) {
    super();
  }
}
type Listener = (event: FakeEvent) => void;
interface FakeEvent {
  type: string;
  defaultPrevented?: boolean;
  preventDefault(): void;
  dataTransfer?: { files: unknown[] };
}
class FakeElement extends FakeNode {
  readonly attributes = new Map<string, string>();
  children: FakeNode[] = [];
  className = '';
  value = '';
  files: unknown[] | null = null;
  private listeners = new Map<string, Listener[]>();
  constructor(readonly localName: string) {
    super();
  }
  readonly classList = {
    toggle: (name: string, on: boolean) => {
      const names = new Set(this.className.split(' ').filter(Boolean));
      if (on) names.add(name);
      else names.delete(name);
      this.className = [...names].join(' ');
    },
    contains: (name: string) => this.className.split(' ').includes(name),
  };
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  append(...nodes: (FakeNode | string)[]) {
    for (const n of nodes) this.children.push(typeof n === 'string' ? new FakeText(n) : n);
  }
  set textContent(text: string) {
    this.children = text === '' ? [] : [new FakeText(text)];
  }
  get textContent(): string {
    return this.children.map((c) => (c instanceof FakeText ? c.data : (c as FakeElement).textContent)).join('');
  }
  set innerHTML(_html: string) {
    throw new Error('innerHTML must never be used');
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  dispatch(type: string, extra: Partial<FakeEvent> = {}): FakeEvent {
    const event: FakeEvent = {
      type,
      preventDefault() {
        event.defaultPrevented = true;
      },
      ...extra,
    };
    for (const l of this.listeners.get(type) ?? []) l(event);
    return event;
  }
  /** Only `[data-name]` selectors, which is all these tests need. */
  querySelector(selector: string): FakeElement | null {
    const name = /^\[([\w-]+)\]$/.exec(selector)?.[1];
    for (const child of this.children) {
      if (!(child instanceof FakeElement)) continue;
      if (name && child.attributes.has(name)) return child;
      const deeper = child.querySelector(selector);
      if (deeper) return deeper;
    }
    return null;
  }
}

const windowListeners = new Map<string, (() => void)[]>();
const location = { hash: '', pathname: '/trainer/sign/', search: '?x=1' };
const replaceState = vi.fn((_state: unknown, _title: string, url: string) => {
  location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : '';
});

beforeEach(() => {
  vi.stubGlobal('document', { createElement: (tag: string) => new FakeElement(tag) });
  vi.stubGlobal('Element', FakeElement);
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', { replaceState });
  vi.stubGlobal('addEventListener', (type: string, listener: () => void) =>
    windowListeners.set(type, [...(windowListeners.get(type) ?? []), listener]),
  );
  windowListeners.clear();
  replaceState.mockClear();
});
afterEach(() => vi.unstubAllGlobals());

const dom = await import('../../../src/components/dom');
const fake = (e: unknown) => e as FakeElement;

describe('h: making an element', () => {
  it('sets text as text, never as markup', () => {
    const p = fake(dom.h('p', { text: '<img src=x onerror=alert(1)>' }));
    expect(p.children).toHaveLength(1);
    expect(p.children[0]).toBeInstanceOf(FakeText);
    expect(p.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('sets attributes as strings, `true` as an empty attribute, and leaves out false and undefined', () => {
    const b = fake(
      dom.h('button', {
        type: 'button',
        class: 'button--quiet',
        'aria-rowindex': 3,
        hidden: true,
        disabled: false,
        title: undefined,
      }),
    );
    expect(Object.fromEntries(b.attributes)).toEqual({
      type: 'button',
      class: 'button--quiet',
      'aria-rowindex': '3',
      hidden: '',
    });
  });

  it('appends children in order, strings as text, and skips null, undefined and false', () => {
    const strong = dom.h('strong', { text: 'file.json' });
    const li = fake(dom.h('li', {}, strong, ': refused', null, undefined, false));
    expect(li.children).toHaveLength(2);
    expect(li.textContent).toBe('file.json: refused');
  });
});

describe('required: finding an element the markup must have', () => {
  it('returns the element', () => {
    const root = new FakeElement('tandem-sign');
    const status = new FakeElement('p');
    status.setAttribute('data-key-status', '');
    root.append(status);
    expect(dom.required(root as unknown as ParentNode, '[data-key-status]')).toBe(status);
  });

  it('fails naming the selector and where it looked', () => {
    const root = new FakeElement('tandem-cohort');
    expect(() => dom.required(root as unknown as ParentNode, '[data-rows]')).toThrow(
      'Missing [data-rows] in <tandem-cohort>',
    );
  });
});

describe('say: a status message with a tone', () => {
  it.each([
    ['ok', 'message message--ok'],
    ['error', 'message message--error'],
    ['plain', 'message'],
  ] as const)('%s', (tone, className) => {
    const p = new FakeElement('p');
    dom.say(p as unknown as HTMLElement, 'Copied the link.', tone);
    expect(p.textContent).toBe('Copied the link.');
    expect(p.className).toBe(className);
  });
});

describe('dropZone: one behaviour for dropped and chosen files', () => {
  it('highlights while dragged over, hands over dropped files, and clears the highlight', () => {
    const zone = new FakeElement('div');
    const input = new FakeElement('input');
    const take = vi.fn();
    dom.dropZone(zone as unknown as HTMLElement, input as unknown as HTMLInputElement, take);
    expect(zone.dispatch('dragover').defaultPrevented).toBe(true);
    expect(zone.classList.contains('drop-zone--over')).toBe(true);
    zone.dispatch('dragleave');
    expect(zone.classList.contains('drop-zone--over')).toBe(false);
    zone.dispatch('dragover');
    const drop = zone.dispatch('drop', { dataTransfer: { files: ['a.json', 'b.json'] } });
    expect(drop.defaultPrevented).toBe(true);
    expect(zone.classList.contains('drop-zone--over')).toBe(false);
    expect(take).toHaveBeenCalledWith(['a.json', 'b.json']);
  });

  it('hands over the files chosen with the file input (the keyboard way) and clears it for the next choice', () => {
    const zone = new FakeElement('div');
    const input = new FakeElement('input');
    const take = vi.fn();
    dom.dropZone(zone as unknown as HTMLElement, input as unknown as HTMLInputElement, take);
    input.files = ['c.json'];
    input.value = 'C:\\fakepath\\c.json';
    input.dispatch('change');
    expect(take).toHaveBeenCalledWith(['c.json']);
    expect(input.value).toBe('');
  });
});

describe('onFragment: reading the URL fragment', () => {
  it('reads a matching fragment now and clears it from the address when asked', () => {
    location.hash = '#req=abc';
    const take = vi.fn();
    expect(dom.onFragment('req=', take, true)).toBe(true);
    expect(take).toHaveBeenCalledWith('req=abc');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/trainer/sign/?x=1');
    expect(location.hash).toBe('');
  });

  it('keeps the fragment when not asked to clear it, and ignores other fragments', () => {
    location.hash = '#cert=xyz';
    const take = vi.fn();
    expect(dom.onFragment('req=', take, false)).toBe(false);
    expect(dom.onFragment('cert=', take, false)).toBe(true);
    expect(take).toHaveBeenCalledTimes(1);
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('reads a fragment that arrives later, when a link changes only the fragment', () => {
    location.hash = '';
    const take = vi.fn();
    expect(dom.onFragment('res=', take, true)).toBe(false);
    location.hash = '#res=later';
    for (const listener of windowListeners.get('hashchange') ?? []) listener();
    expect(take).toHaveBeenCalledWith('res=later');
  });
});

// Parts every message shares are rendered once and kept (mail-node.ts). A kept rendering must be the
// very text the same part renders to when built afresh, and a bad attribute must still be refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { constAttrs, constNode, h, renderHtml, renderText } from '../../src/notify/templates/mail-node.js';

function part(text: string, attrs: Record<string, string>) {
  return h(
    'div',
    attrs,
    h('h2', null, text),
    h('p', { style: 'margin:0;' }, text, h('br', null), h('strong', null, text)),
    h('ul', null, h('li', null, text), h('li', null, `${text} \t`)),
    h('table', null, h('tr', null, h('th', null, 'label'), h('td', null, text))),
  );
}

describe('kept renderings', () => {
  test('a kept part renders to the same HTML and text as the same part built afresh, whatever its text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, style) => {
        const fresh = part(text, { style });
        const kept = constNode(part(text, constAttrs({ style })));
        const page = (inner: ReturnType<typeof part>) =>
          h('html', { lang: 'id' }, h('body', null, inner, 'x'));
        assert.equal(renderHtml(page(kept)), renderHtml(page(fresh)));
        assert.equal(renderText(page(kept)), renderText(page(fresh)));
        // Twice: the second rendering comes from what was kept.
        assert.equal(renderHtml(page(kept)), renderHtml(page(fresh)));
      }),
    );
  });

  test('shared attributes are checked when they are declared', () => {
    assert.throws(() => constAttrs({ 'on click': 'x' }), /invalid attribute name/);
    assert.throws(() => constAttrs({ href: 'javascript:alert(1)' }), /href must be https: or mailto:/);
    assert.equal(
      renderHtml(h('p', constAttrs({ title: `"<&>'` }), 'x')),
      '<p title="&quot;&lt;&amp;&gt;&#39;">x</p>',
    );
  });

  test('text with other line endings loses its trailing blanks as before', () => {
    const doc = h('div', null, h('p', null, 'a \r\nb\t\u2028c  \u2029d '), h('p', null, 'e\t'));
    assert.equal(renderText(doc), 'a\r\nb\u2028c\u2029d\n\ne\n');
  });
});

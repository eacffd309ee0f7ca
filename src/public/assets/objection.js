/* global window */
/**
 * The objection (异议) form of a public notice: posts JSON to the public API route and shows the
 * answer in the page. Contact details go to the issuing office only; they are never shown.
 */
(function (doc) {
  'use strict';
  function ready() {
    const form = doc.getElementById('objection');
    if (!form) return;
    const result = doc.getElementById('objection-result');
    // The button stays disabled without this script: a plain form post has nowhere to go.
    form.querySelector('button').disabled = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = { summary: String(data.get('summary') || '').trim(), receivedOn: String(data.get('receivedOn')) };
      const contact = String(data.get('contact') || '').trim();
      if (contact) body.contact = contact;
      const button = form.querySelector('button');
      button.disabled = true;
      result.className = 'box';
      result.textContent = '正在提交…';
      try {
        const res = await window.fetch(form.dataset.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const answer = await res.json().catch(() => ({}));
        if (res.ok) {
          result.className = 'box ok';
          result.textContent = '异议已提交（编号 ' + answer.id + '）。处理结果将公布在本页。';
          form.reset();
        } else {
          result.className = 'box bad';
          result.textContent = '未能提交：' + (answer.message || 'HTTP ' + res.status);
        }
      } catch (e) {
        result.className = 'box bad';
        result.textContent = '网络错误，未能提交：' + e.message;
      } finally {
        button.disabled = false;
      }
    });
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ready);
  else ready();
})(window.document);

// @ts-check
// The "Try it" panel of the reference page `authkit start` serves at /docs: a plain
// browser script, inlined into the page after Redoc's bundle (the page loads nothing
// from anywhere). Redoc 2 has no request console of its own, so each operation's dark
// column gets one, under its request samples: the parameters and the example body,
// editable, a documented status to force (`Prefer: code=N`), and the answer's status,
// headers and body. It sends to the page's own origin, the mock, so the stateful
// mock's cookies come and go as they would for an app on that origin.

/**
 * Draws a panel for every operation Redoc has rendered (twice for an operation listed
 * under two tags); an operation already given one is left as it is.
 * @param {import('./try-it.js').TryItOperation[]} operations
 */
function authkitTryIt(operations) {
  addStyle();
  let drawn = document.querySelectorAll('[data-authkit-try]').length;
  for (const operation of operations) {
    for (const row of rowsOf(operation.anchor)) {
      if (row.querySelector('[data-authkit-try]')) continue;
      drawn += 1;
      drawPanel(row, operation, `authkit-try-${drawn}`);
    }
  }
}

/**
 * Redoc's two-column element of an operation: the element whose id is
 * `operation/<operationId>`, or, with no operationId, the first child of the section
 * whose id ends with the operation's JSON pointer.
 * @param {import('./try-it.js').TryItOperation['anchor']} anchor
 * @returns {Element[]}
 */
function rowsOf(anchor) {
  if ('id' in anchor) return Array.from(document.querySelectorAll('[id]')).filter((element) => element.id === anchor.id);
  return Array.from(document.querySelectorAll('[data-section-id]'))
    .filter((element) => (element.getAttribute('data-section-id') ?? '').endsWith(anchor.pointerSuffix))
    .flatMap((element) => (element.firstElementChild ? [element.firstElementChild] : []));
}

/**
 * @param {Element} row
 * @param {import('./try-it.js').TryItOperation} operation
 * @param {string} prefix ids of this panel's controls start with it
 */
function drawPanel(row, operation, prefix) {
  const column = row.children[1] ?? row;
  const panel = make('section', { class: 'authkit-try', 'data-authkit-try': `${operation.method} ${operation.path}`, 'aria-label': `Try it: ${operation.method} ${operation.path}` });
  const samplesHeading = column.querySelector('h3');
  panel.append(make('h3', { class: samplesHeading ? samplesHeading.className : '' }, 'Try it'));
  const cookieNote = operation.cookies.length > 0 ? ` The ${operation.cookies.join(' and ')} cookie goes by itself once the mock has set it.` : '';
  panel.append(make('p', { class: 'authkit-try-note' }, `Sends ${operation.method} ${operation.path} to this mock.${cookieNote}`));

  const form = make('form', {});
  /** @type {Array<{ in: string; name: string; required: boolean; input: HTMLInputElement }>} */
  const fields = [];
  operation.params.forEach((param, index) => {
    const input = /** @type {HTMLInputElement} */ (make('input', { id: `${prefix}-param-${index}`, name: param.name, value: param.value, spellcheck: 'false' }));
    if (param.required) input.required = true;
    form.append(field(input, `${param.name} (${param.in}${param.required ? ', required' : ''})`));
    fields.push({ in: param.in, name: param.name, required: param.required, input });
  });
  operation.credentials.forEach((credential, index) => {
    const hint = credential.kind === 'bearer' ? 'token' : credential.kind === 'basic' ? 'user:password' : credential.kind === 'query' ? 'query key' : 'header';
    const input = /** @type {HTMLInputElement} */ (make('input', { id: `${prefix}-credential-${index}`, name: credential.name, autocomplete: 'off', spellcheck: 'false', placeholder: `<${credential.name}>` }));
    form.append(field(input, `${credential.name} (${hint})`));
    fields.push({ in: `credential:${credential.kind}`, name: credential.name, required: false, input });
  });

  const status = /** @type {HTMLSelectElement} */ (make('select', { id: `${prefix}-status`, name: 'status' }));
  status.append(make('option', { value: '' }, 'as the mock decides'));
  for (const documented of operation.statuses) status.append(make('option', { value: String(documented.code) }, `${documented.code} ${documented.description}`.trim()));
  form.append(field(status, 'Status (sent as Prefer: code=N)'));

  /** @type {HTMLTextAreaElement | undefined} */
  let body;
  if (operation.body) {
    body = /** @type {HTMLTextAreaElement} */ (make('textarea', { id: `${prefix}-body`, name: 'body', spellcheck: 'false', rows: String(Math.min(14, operation.body.text.split('\n').length + 1)) }));
    body.value = operation.body.text;
    form.append(field(body, `Body (${operation.body.mediaType})`));
  }
  const send = make('button', { type: 'submit' }, 'Send');
  form.append(send);

  const answer = make('div', { class: 'authkit-try-answer', role: 'status', 'aria-live': 'polite', 'aria-label': 'Answer' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send.setAttribute('disabled', '');
    answer.replaceChildren(make('p', { 'data-role': 'status' }, 'Sending…'));
    sendRequest(operation, fields, status.value, body?.value)
      .then((shown) => answer.replaceChildren(...shown))
      .catch((/** @type {unknown} */ error) => answer.replaceChildren(make('p', { 'data-role': 'status' }, `Not sent: ${error instanceof Error ? error.message : String(error)}`)))
      .finally(() => send.removeAttribute('disabled'));
  });
  panel.append(form, answer);
  const requestSamples = column.children[1];
  if (requestSamples && requestSamples.nextSibling) column.insertBefore(panel, requestSamples.nextSibling);
  else column.append(panel);
}

/**
 * @param {import('./try-it.js').TryItOperation} operation
 * @param {Array<{ in: string; name: string; required: boolean; input: HTMLInputElement }>} fields
 * @param {string} status a documented status to force, or '' to let the mock decide
 * @param {string | undefined} bodyText
 * @returns {Promise<Element[]>} the answer as it is shown
 */
async function sendRequest(operation, fields, status, bodyText) {
  const headers = new Headers();
  const query = new URLSearchParams();
  /** @type {Record<string, string>} */
  const pathValues = {};
  for (const { in: where, name, required, input } of fields) {
    const value = input.value;
    if (value === '' && !required) continue;
    if (where === 'path') pathValues[name] = value;
    else if (where === 'query' || where === 'credential:query') query.append(name, value);
    else if (where === 'header' || where === 'credential:header') headers.set(name, value);
    else if (where === 'credential:bearer') headers.set('Authorization', `Bearer ${value}`);
    else if (where === 'credential:basic') headers.set('Authorization', `Basic ${btoa(value)}`);
  }
  if (status !== '') headers.set('Prefer', `code=${status}`);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, /** @type {string} */ name) => encodeURIComponent(pathValues[name] ?? ''));
  const search = query.toString();
  /** @type {RequestInit} */
  const init = { method: operation.method, headers, credentials: 'same-origin' };
  if (operation.body && bodyText !== undefined) init.body = encodeBody(operation.body.mediaType, bodyText, headers);
  const response = await fetch(search ? `${path}?${search}` : path, init);
  const text = await response.text();
  const headerLines = Array.from(response.headers.entries()).map(([name, value]) => `${name}: ${value}`);
  return [
    make('p', { 'data-role': 'status' }, `${response.status} ${response.statusText}`.trim()),
    make('pre', { 'data-role': 'headers' }, headerLines.join('\n')),
    make('pre', { 'data-role': 'body' }, prettyBody(text, response.headers.get('content-type') ?? '')),
  ];
}

/**
 * The body as the media type wants it: JSON and text as typed (an invalid edit is sent
 * too: the mock's answer to it is worth seeing); a form's JSON object as its fields.
 * @param {string} mediaType
 * @param {string} text
 * @param {Headers} headers
 * @returns {BodyInit}
 */
function encodeBody(mediaType, text, headers) {
  const fields = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(mediaType) ? objectOf(text) : undefined;
  if (fields && /^multipart\//i.test(mediaType)) {
    // FormData writes its own Content-Type, with the boundary.
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    return form;
  }
  headers.set('Content-Type', mediaType);
  return fields ? new URLSearchParams(fields) : text;
}

/**
 * A JSON object's fields as name/value pairs (an array gives one pair per item), or
 * undefined when the text is not a JSON object.
 * @param {string} text
 * @returns {Array<[string, string]> | undefined}
 */
function objectOf(text) {
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return Object.entries(value).flatMap(([name, item]) => (Array.isArray(item) ? item : [item]).map((one) => /** @type {[string, string]} */ ([name, typeof one === 'string' ? one : JSON.stringify(one)])));
  } catch {
    return undefined;
  }
}

/**
 * @param {string} text
 * @param {string} contentType
 */
function prettyBody(text, contentType) {
  if (!/[/+]json\b/i.test(contentType) || text === '') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * @param {Element} control
 * @param {string} text
 */
function field(control, text) {
  const label = make('label', { for: control.id }, text);
  return make('div', { class: 'authkit-try-field' }, label, control);
}

/**
 * @param {string} tag
 * @param {Record<string, string>} attributes
 * @param {...string | Element} children
 * @returns {HTMLElement}
 */
function make(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

function addStyle() {
  if (document.getElementById('authkit-try-style')) return;
  const style = make('style', { id: 'authkit-try-style' });
  style.textContent = [
    '.authkit-try { margin: 0 0 24px; color: #fff; }',
    '.authkit-try-note { font-size: 13px; opacity: 0.8; }',
    '.authkit-try-field { margin: 8px 0; }',
    '.authkit-try-field label { display: block; font-size: 13px; margin-bottom: 4px; }',
    '.authkit-try input, .authkit-try select, .authkit-try textarea { box-sizing: border-box; width: 100%; background: #11171a; color: #fff; border: 1px solid #4a5b63; border-radius: 4px; padding: 6px 8px; font: 13px Courier, monospace; }',
    '.authkit-try button { margin-top: 8px; background: #32329f; color: #fff; border: 0; border-radius: 4px; padding: 8px 18px; font-size: 14px; cursor: pointer; }',
    '.authkit-try button[disabled] { opacity: 0.6; cursor: progress; }',
    '.authkit-try-answer pre { white-space: pre-wrap; word-break: break-word; background: #11171a; padding: 8px; border-radius: 4px; font: 12px Courier, monospace; }',
    '.authkit-try-answer [data-role="status"] { font-weight: bold; }',
  ].join('\n');
  document.head.append(style);
}

(() => {
  'use strict';

  // SHA-256 (FIPS 180-4), incremental, so a large file is hashed block by block while it is being uploaded.
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);

  class Sha256 {
    constructor() {
      this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
      this.w = new Uint32Array(64);
      this.pending = new Uint8Array(64);
      this.pendingLength = 0;
      this.length = 0;
    }

    update(data) {
      let i = 0;
      this.length += data.length;
      if (this.pendingLength > 0) {
        const n = Math.min(64 - this.pendingLength, data.length);
        this.pending.set(data.subarray(0, n), this.pendingLength);
        this.pendingLength += n;
        i = n;
        if (this.pendingLength === 64) {
          this.block(this.pending, 0);
          this.pendingLength = 0;
        }
      }
      for (; i + 64 <= data.length; i += 64) {
        this.block(data, i);
      }
      if (i < data.length) {
        this.pending.set(data.subarray(i), 0);
        this.pendingLength = data.length - i;
      }
    }

    block(d, o) {
      const w = this.w;
      for (let t = 0; t < 16; t++) {
        w[t] = (d[o + 4 * t] << 24) | (d[o + 4 * t + 1] << 16) | (d[o + 4 * t + 2] << 8) | d[o + 4 * t + 3];
      }
      for (let t = 16; t < 64; t++) {
        const x = w[t - 15], y = w[t - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      let [a, b, c, d2, e, f, g, h] = this.h;
      for (let t = 0; t < 64; t++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d2 + t1) | 0; d2 = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      const H = this.h;
      H[0] += a; H[1] += b; H[2] += c; H[3] += d2; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }

    hex() {
      const bits = this.length * 8;
      const pad = new Uint8Array((this.pendingLength < 56 ? 64 : 128) - this.pendingLength);
      pad[0] = 0x80;
      const high = Math.floor(bits / 0x100000000), low = bits >>> 0, n = pad.length;
      for (let i = 0; i < 4; i++) {
        pad[n - 8 + i] = (high >>> (24 - 8 * i)) & 255;
        pad[n - 4 + i] = (low >>> (24 - 8 * i)) & 255;
      }
      this.update(pad);
      return Array.from(this.h, x => x.toString(16).padStart(8, '0')).join('');
    }
  }

  if (typeof document === 'undefined') {
    // Loaded outside a browser (the tests check the hash against known answers).
    globalThis.IsmsSha256 = Sha256;
    return;
  }

  const $ = id => document.getElementById(id);
  const maxHttpBytes = Number(document.getElementById('upload-form').dataset.maxHttpBytes);
  const form = $('upload-form'), search = $('control-search'), list = $('control-list'), chosen = $('chosen-controls');
  const fileInput = $('file'), drop = $('drop-zone'), fileInfo = $('file-info'), progress = $('progress');
  const status = $('status'), error = $('error'), submit = $('submit');
  const selected = new Set();
  let controls = [];
  let file = null;

  const say = text => { status.textContent = text; };
  const fail = text => { error.textContent = text; error.hidden = false; say(''); };
  const size = bytes => bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

  function renderControls() {
    const q = search.value.trim().toLowerCase();
    const matches = controls.filter(c => !q || c.id.toLowerCase().includes(q) || c.title.toLowerCase().includes(q));
    list.replaceChildren(...matches.map(c => {
      const item = document.createElement('li');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = 'control-' + c.id.replace(/\./g, '-');
      box.value = c.id;
      box.name = 'controlIds';
      box.dataset.title = c.title;
      box.checked = selected.has(c.id);
      box.addEventListener('change', () => {
        if (box.checked) { selected.add(c.id); } else { selected.delete(c.id); }
        chosen.textContent = selected.size ? `Selected: ${[...selected].join(', ')}` : 'No control selected yet.';
      });
      const label = document.createElement('label');
      label.htmlFor = box.id;
      label.textContent = `${c.id} ${c.title}`;
      item.append(box, label);
      return item;
    }));
    $('control-count').textContent = `${matches.length} of ${controls.length} controls shown`;
  }

  function chooseFile(chosenFile) {
    file = chosenFile || null;
    fileInfo.textContent = file ? `${file.name} (${size(file.size)})` : 'No file chosen.';
  }

  async function problemText(status, text) {
    try {
      const p = JSON.parse(text);
      const fields = p.errors ? Object.entries(p.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join(' ') : '';
      return fields || p.detail || p.title || `The server answered ${status}.`;
    } catch {
      return `The server answered ${status}.`;
    }
  }

  // XMLHttpRequest rather than fetch: it reports upload progress.
  function send(method, url, body, headers, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      for (const [k, v] of Object.entries(headers || {})) { xhr.setRequestHeader(k, v); }
      if (onProgress) { xhr.upload.onprogress = e => onProgress(e.loaded); }
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
      xhr.onerror = () => reject(new Error(`The connection failed during ${method} ${new URL(url, location.href).pathname}.`));
      xhr.send(body);
    });
  }

  const showProgress = (done, total) => {
    const percent = total ? Math.floor((done / total) * 100) : 0;
    progress.value = percent;
    say(`Uploading… ${percent}% (${size(done)} of ${size(total)})`);
  };

  function details() {
    const d = {
      controlIds: [...selected],
      effectiveDate: $('effective-date').value || null,
      description: $('description').value.trim() || null,
      correctiveActionId: $('corrective-action').value.trim() || null,
      auditId: $('audit').value.trim() || null,
      restricted: $('restricted').checked,
    };
    return d;
  }

  async function uploadDirect(d) {
    const data = new FormData();
    data.append('controlIds', d.controlIds.join(','));
    for (const key of ['effectiveDate', 'description', 'correctiveActionId', 'auditId']) {
      if (d[key]) { data.append(key, d[key]); }
    }
    data.append('restricted', String(d.restricted));
    // The size, sent before the file, lets the server stream it to storage in one request.
    data.append('size', String(file.size));
    data.append('file', file, file.name);
    const r = await send('POST', '/api/evidence', data, null, loaded => showProgress(Math.min(loaded, file.size), file.size));
    if (r.status !== 201) { throw new Error(await problemText(r.status, r.text)); }
    return JSON.parse(r.text);
  }

  // Files over the HTTP limit go straight to storage in blocks through a write-only SAS, hashed on the way.
  async function uploadLarge(d) {
    const start = await send('POST', '/api/evidence/uploads',
      JSON.stringify({ ...d, fileName: file.name, size: file.size, contentType: file.type || null }), { 'Content-Type': 'application/json' });
    if (start.status !== 201) { throw new Error(await problemText(start.status, start.text)); }
    const session = JSON.parse(start.text);
    const hash = new Sha256();
    const blockSize = session.blockSizeBytes || 4194304;
    const ids = [];
    for (let offset = 0, index = 0; offset < file.size; offset += blockSize, index++) {
      const bytes = new Uint8Array(await file.slice(offset, offset + blockSize).arrayBuffer());
      hash.update(bytes);
      const id = btoa(`block-${String(index).padStart(8, '0')}`);
      ids.push(id);
      const put = await send('PUT', `${session.uploadUrl}&comp=block&blockid=${encodeURIComponent(id)}`, bytes, null,
        loaded => showProgress(offset + loaded, file.size));
      if (put.status !== 201) { throw new Error(`Storage refused block ${index} (${put.status}).`); }
    }
    const blockList = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map(id => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
    const commit = await send('PUT', `${session.uploadUrl}&comp=blocklist`, blockList, { 'Content-Type': 'application/xml' });
    if (commit.status !== 201) { throw new Error(`Storage refused the block list (${commit.status}).`); }
    say('Verifying the file’s size and SHA-256…');
    // With malware scanning on, completion answers 409 until the scan has reported; the upload is kept, so ask again
    // every 10 seconds for up to 10 minutes before giving up with the server's own words.
    for (let attempt = 0; ; attempt++) {
      const done = await send('POST', session.completeUrl, JSON.stringify({ sha256: hash.hex() }), { 'Content-Type': 'application/json' });
      if (done.status === 201 || done.status === 200) { return JSON.parse(done.text); }
      if (done.status !== 409 || attempt >= 60) { throw new Error(await problemText(done.status, done.text)); }
      say('Waiting for the malware scan of the file…');
      await new Promise(resolve => setTimeout(resolve, 10000));
    }
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    $('result').hidden = true;
    if (!selected.size) { fail('Choose at least one control the evidence speaks for.'); search.focus(); return; }
    if (!file) { fail('Choose the file to upload.'); fileInput.focus(); return; }
    if (!file.size) { fail(`${file.name} is empty.`); fileInput.focus(); return; }
    submit.disabled = true;
    progress.value = 0;
    try {
      const d = details();
      const stored = file.size > maxHttpBytes ? await uploadLarge(d) : await uploadDirect(d);
      progress.value = 100;
      say(`Stored ${stored.fileName} (${size(stored.size)}).`);
      const link = $('evidence-link');
      link.textContent = stored.id;
      link.href = `/api/evidence/${encodeURIComponent(stored.id)}`;
      $('evidence-version').textContent = String(stored.version);
      $('stored-file').textContent = `${stored.fileName} · ${stored.contentType} · ${stored.size} bytes`;
      $('sha256').value = stored.sha256;
      $('result').hidden = false;
      $('sha256').focus?.();
    } catch (e) {
      fail(e.message);
    } finally {
      submit.disabled = false;
    }
  });

  search.addEventListener('input', renderControls);
  fileInput.addEventListener('change', () => chooseFile(fileInput.files[0]));
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) { chooseFile(e.dataTransfer.files[0]); }
  });

  // The page lists the controls as checkboxes (the form works without script); the script filters that list.
  controls = [...list.querySelectorAll('input[type=checkbox]')].map(box => ({ id: box.value, title: box.dataset.title }));
  for (const box of list.querySelectorAll('input[type=checkbox]:checked')) { selected.add(box.value); }
  renderControls();
})();

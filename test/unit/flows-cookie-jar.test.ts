import { describe, expect, it } from 'vitest';
import { createJarFetch } from '../../src/flows/cookie-jar.js';

// The flows runner's cookie jar, as a browser keeps cookies (RFC 6265), over a transport
// that records what each request carried and answers the Set-Cookie lines it is given.
function server(answers: Record<string, string[]>) {
  const sent: Array<[string, string | null]> = [];
  const transport = async (request: Request) => {
    const path = new URL(request.url).pathname;
    sent.push([path, request.headers.get('cookie')]);
    const headers = new Headers();
    for (const line of answers[path] ?? []) headers.append('set-cookie', line);
    return new Response(null, { status: 204, headers });
  };
  return { sent, transport };
}

const BASE = 'http://127.0.0.1:4010';

describe('the flows cookie jar', () => {
  it('stores each line by name and Path, sends what fits the URL (Secure on loopback), and deletes on Max-Age=0 or a past Expires', async () => {
    const { sent, transport } = server({
      '/api/v1/auth/login': ['access_token=A1; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax', 'refresh_token=R1; Path=/api/v1/auth; Max-Age=1209600; HttpOnly; Secure; SameSite=Lax', 'theme=dark; Path=/'],
      '/api/v1/auth/logout': ['access_token=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax', 'theme=gone; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
    });
    const jar = createJarFetch(transport);
    for (const path of ['/api/v1/auth/login', '/api/v1/items', '/api/v1/auth/refresh', '/api/v1/auth/logout', '/api/v1/items', '/api/v1/auth/refresh']) await jar.fetch(new Request(`${BASE}${path}`, { method: 'POST' }));
    expect(sent).toEqual([
      ['/api/v1/auth/login', null],
      // The refresh cookie's Path is /api/v1/auth: it never goes elsewhere.
      ['/api/v1/items', 'access_token=A1; theme=dark'],
      ['/api/v1/auth/refresh', 'refresh_token=R1; access_token=A1; theme=dark'],
      ['/api/v1/auth/logout', 'refresh_token=R1; access_token=A1; theme=dark'],
      ['/api/v1/items', null],
      ['/api/v1/auth/refresh', 'refresh_token=R1'],
    ]);
  });

  it('a request\'s own Cookie wins over the jar for the cookies it names, and keeps the jar\'s others', async () => {
    const { sent, transport } = server({ '/login': ['access_token=A1; Path=/', 'refresh_token=R1; Path=/'] });
    const jar = createJarFetch(transport);
    await jar.fetch(new Request(`${BASE}/login`));
    await jar.fetch(new Request(`${BASE}/me`, { headers: { cookie: 'access_token=OLD' } }));
    expect(sent[1]).toEqual(['/me', 'refresh_token=R1; access_token=OLD']);
    expect([await jar.cookie(`${BASE}/me`, 'access_token'), jar.lastSent()?.get('cookie')]).toEqual(['A1', 'refresh_token=R1; access_token=OLD']);
  });

  it('a cookie for another host is not sent, and a Secure one is not sent over plain http to a public host', async () => {
    const { sent, transport } = server({ '/login': ['sid=S1; Path=/; Secure'] });
    const jar = createJarFetch(transport);
    await jar.fetch(new Request('http://api.example.com/login'));
    await jar.fetch(new Request('http://api.example.com/me'));
    await jar.fetch(new Request(`${BASE}/me`));
    expect(sent.map(([, cookie]) => cookie)).toEqual([null, null, null]);
  });
});

// Shared by page.ts (in the browser) and test/http/browser.test.ts (in Node).

/** A JWT-shaped session token: what a browser app is given instead of an sk_ key. */
export const SESSION_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfYnJvd3NlciJ9.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';

/** An API key, refused in a browser unless dangerouslyAllowBrowser is set. */
export const API_KEY = 'sk_browser_demo';

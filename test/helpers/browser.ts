import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

/**
 * A real Chromium from npm alone: @sparticuz/chromium ships the binary in its package
 * (143.0.4, the last release that runs on Node 20), so `npm ci && npm test` needs no
 * apt step and no download from elsewhere.
 */
export async function launchChromium(): Promise<Browser> {
  return playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args.filter((arg) => !SERVERLESS_ONLY.has(arg)), headless: true });
}

// Its arguments are made for a serverless function. These would make it another browser
// than a user's: no CORS and no mixed-content rules at all, and one process that ends
// with its last page.
const SERVERLESS_ONLY = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

import { createRequire } from 'node:module';

interface QrcodeTerminal {
  generate(text: string, options: { small: boolean }, callback: (qr: string) => void): void;
}

// qrcode-terminal is CommonJS without typings; this is the one function we use.
const require = createRequire(import.meta.url);

/** Prints the login QR code to the terminal (stdout), small enough for an 80-column window. */
export function printQrToTerminal(url: string): void {
  const qrcode = require('qrcode-terminal') as QrcodeTerminal;
  qrcode.generate(url, { small: true }, (qr) => {
    process.stdout.write(`\n${qr}\n请用机器人微信号扫描上方二维码登录 — scan with the bot's WeChat to log in: ${url}\n\n`);
  });
}

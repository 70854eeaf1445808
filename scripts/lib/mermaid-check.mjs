/**
 * Parse every ```mermaid block of the given Markdown files with mermaid's own parser (the one GitHub's renderer
 * runs), headless: mermaid sanitizes labels with DOMPurify, which needs a DOM, so happy-dom provides one.
 *   node scripts/lib/mermaid-check.mjs docs/architecture/*.md
 * Prints `<file>: ok (<diagram type>)` per block; exit 1 naming the file and mermaid's error for any block that
 * does not parse, or a file without a block.
 */
import { readFileSync } from "node:fs";
import { Window } from "happy-dom";

const window = new Window();
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const blocks = [...readFileSync(file, "utf8").matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (!blocks.length) {
    console.error(`${file}: no mermaid block`);
    failed++;
  }
  for (const [i, text] of blocks.entries()) {
    try {
      const r = await mermaid.parse(text);
      console.log(`${file}: ok (${r.diagramType}, block ${i + 1})`);
    } catch (e) {
      console.error(`${file}: block ${i + 1} does not parse: ${String(e?.message ?? e)}`);
      failed++;
    }
  }
}
await window.happyDOM.close();
process.exit(failed ? 1 : 0);

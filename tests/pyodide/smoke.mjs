// Pyodide under Node, offline: node smoke.mjs WHEEL... (one of them micropip's).
// Loads micropip from its wheel, runs smoke.py's smoke() on the other wheels and prints its
// JSON as the last line. Network access is switched off first, so nothing can come from a CDN.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadPyodide } from "pyodide";

globalThis.fetch = async (url) => {
  throw new Error(`network access in the offline smoke test: ${url}`);
};

const wheels = process.argv.slice(2);
const micropip = wheels.find((path) => basename(path).startsWith("micropip-"));
if (!micropip) {
  console.error("usage: node smoke.mjs MICROPIP_WHEEL WHEEL...");
  process.exit(2);
}
try {
  const pyodide = await loadPyodide();
  await pyodide.loadPackage(micropip);
  pyodide.FS.mkdirTree("/wheels");
  const inside = [];
  for (const path of wheels.filter((p) => p !== micropip)) {
    const target = `/wheels/${basename(path)}`;
    pyodide.FS.writeFile(target, readFileSync(path));
    inside.push(target);
  }
  // SMOKE_SCRIPT: another script of this folder with the same smoke(wheels) (estimate.py)
  const script = process.env.SMOKE_SCRIPT ?? "smoke.py";
  pyodide.runPython(readFileSync(new URL(script, import.meta.url), "utf8"));
  const result = await pyodide.globals.get("smoke")(pyodide.toPy(inside));
  console.log(result);
} catch (error) {
  // a Python traceback is in error.message; the minified Pyodide source is not worth printing
  console.error(String(error.message ?? error));
  process.exit(1);
}

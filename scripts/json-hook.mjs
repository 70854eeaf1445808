// Lets ESM packages (@actions/workflow-parser) import .json without import attributes on Node 20.
export async function load(url, ctx, next) {
  if (!url.endsWith(".json")) return next(url, ctx);
  return next(url, { ...ctx, importAttributes: { ...ctx.importAttributes, type: "json" } });
}

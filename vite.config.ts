import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";
import { contentPages } from "./src/site/content/contentPlugin.ts";
import { contentSecurityPolicy } from "./src/site/build/csp.ts";

// The playground is index.html; every content/NN-slug.md is pre-rendered to docs/slug/index.html.
// Relative base: the built site works from any directory it is served from.
export default defineConfig({
  base: "./",
  plugins: [svelte(), contentPages({ contentDir: "content" }), contentSecurityPolicy()],
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  build: {
    target: "es2022",
    sourcemap: true,
    rolldownOptions: {
      // CodeMirror is most of the weight and changes least: its own chunk caches across releases.
      output: { codeSplitting: { groups: [{ name: "codemirror", test: /node_modules[\\/]@(codemirror|lezer)[\\/]/ }] } },
    },
  },
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
  },
});

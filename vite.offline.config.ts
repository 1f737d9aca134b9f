import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";
import { viteSingleFile } from "vite-plugin-singlefile";
import { offlineBundle } from "./src/site/build/offline.ts";
import { offlineContentSecurityPolicy } from "./src/site/build/csp.ts";

// `npm run build:offline`: the playground and every reference page in one self-contained HTML file,
// dist-offline/proxy-playground.html, that works opened from disk with no network. The policy plugin comes after
// the single-file plugin, since it hashes the script that plugin inlines.
export default defineConfig({
  base: "./",
  publicDir: false,
  plugins: [
    svelte(),
    offlineBundle({ contentDir: "content" }),
    viteSingleFile({ removeViteModuleLoader: true }),
    offlineContentSecurityPolicy(),
  ],
  build: {
    outDir: "dist-offline",
    target: "es2022",
    modulePreload: false,
    sourcemap: false,
  },
});

import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// `npm run dev` proxies the API and the live feed to the backend's port from config/demo.yaml.
const BACKEND = "http://127.0.0.1:8000";

export default defineConfig({
  base: "/",
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Never inline assets as data: URLs: the server's Content-Security-Policy (default-src 'self')
    // would block them. Everything is a file under /assets/.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      "/api": BACKEND,
      "/ws": { target: BACKEND.replace(/^http/, "ws"), ws: true },
    },
  },
});

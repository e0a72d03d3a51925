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
  },
  server: {
    proxy: {
      "/api": BACKEND,
      "/ws": { target: BACKEND.replace(/^http/, "ws"), ws: true },
    },
  },
});

import { render } from "preact";
import { Console } from "./console/Console";
import { Index } from "./Index";
import { route, type Route } from "./route";
import { Wall } from "./wall/Wall";
import "./styles.css";

function App({ r }: { r: Route }) {
  switch (r.page) {
    case "wall":
      return <Wall id={r.id} />;
    case "console":
      return <Console />;
    case "index":
      return <Index />;
  }
}

const r = route(window.location.pathname);
document.body.classList.add(`page-${r.page}`);
render(<App r={r} />, document.getElementById("app")!);

import { describe, expect, it } from "vitest";
import { route } from "../src/route";

describe("route", () => {
  it("sends /wall/<id> to the wall", () => {
    expect(route("/wall/main")).toEqual({ page: "wall", id: "main" });
    expect(route("/wall/north%20side/")).toEqual({ page: "wall", id: "north side" });
  });

  it("sends /console to the console and the rest to the index", () => {
    expect(route("/console")).toEqual({ page: "console" });
    expect(route("/")).toEqual({ page: "index" });
    expect(route("/wall/")).toEqual({ page: "index" });
    expect(route("/wall/%E0")).toEqual({ page: "index" });
  });
});

/**
 * Entry of the offline bundle (one HTML file with the playground and every reference page). The URL fragment
 * names what is shown (`lib/offlineRoutes.ts`): a reference page is cloned from its `<template data-pp-page>` and
 * made live like a hosted page, every example at once (the file holds its whole script already); the playground
 * is mounted as on the hosted site and reads its permalink from the fragment itself. Links written for the
 * hosted site (`../../docs/slug/#anchor`, `../../#v1.…`) are turned into fragments, so moving around the file
 * never makes a request.
 */
import { mount, unmount } from "svelte";
import PlaygroundApp from "../components/PlaygroundApp.svelte";
import { upgradeContentPage } from "../lib/contentPage.ts";
import { fragmentOf, offlineHref, routeOf, type OfflineRoute } from "../lib/offlineRoutes.ts";
import { templateSearchIndex } from "../lib/search.ts";
import "../styles/site.css";

const view = document.getElementById("pp-offline-view");
const templates = new Map(
  [...document.querySelectorAll<HTMLTemplateElement>("template[data-pp-page]")].map((t) => [t.dataset.ppPage ?? "", t]),
);
const searchIndex = templateSearchIndex(templates);
const pages = [...templates].map(([slug, t]) => ({
  href: fragmentOf({ page: "reference", slug, anchor: "" }),
  title: t.dataset.ppTitle ?? slug,
}));

let current: OfflineRoute = routeOf(location.hash);
/** What is mounted now: "playground", a page's slug, or "" before the first route. */
let shown = "";
let takeDown = () => {};

/** Rewrites the hosted-site links under `root` into fragments of this file. */
function rewriteLinks(root: ParentNode, route: OfflineRoute) {
  for (const a of root.querySelectorAll<HTMLAnchorElement>("a[href]")) {
    const href = offlineHref(a.getAttribute("href") ?? "", route);
    if (href !== null) a.setAttribute("href", href);
  }
}

function notFound(slug: string) {
  const main = document.createElement("main");
  main.className = "pp-article";
  const heading = document.createElement("h1");
  heading.textContent = "No such page";
  const text = document.createElement("p");
  text.textContent = `This file has no reference page called “${slug}”. `;
  const back = document.createElement("a");
  back.href = fragmentOf({ page: "playground", permalink: "" });
  back.textContent = "Open the playground";
  text.append(back);
  main.append(heading, text);
  return main;
}

function show(route: OfflineRoute) {
  current = route;
  // "#/" is this file's name for the reference example; the playground itself knows it as no fragment (and
  // reads the fragment on hashchange after this, so it sees the example, not a broken link).
  if (route.page === "playground" && location.hash === "#/") history.replaceState(history.state, "", location.pathname + location.search);
  const key = route.page === "playground" ? "playground" : `page:${route.slug}`;
  if (!view) return;
  if (key !== shown) {
    takeDown();
    takeDown = () => {};
    view.replaceChildren();
    shown = key;
    if (route.page === "playground") {
      document.body.className = "pp-playground-page";
      document.title = "Proxy Playground";
      const app = mount(PlaygroundApp, { target: view, props: { pages, searchIndex } });
      takeDown = () => void unmount(app);
    } else {
      const template = templates.get(route.slug);
      document.body.className = "pp-content-page";
      if (!template) {
        document.title = "No such page · Proxy Playground";
        view.append(notFound(route.slug));
      } else {
        document.title = `${template.dataset.ppTitle ?? route.slug} · Proxy Playground`;
        view.append(template.content.cloneNode(true));
        rewriteLinks(view, route);
        takeDown = upgradeContentPage(view, searchIndex, { eager: true });
      }
    }
  }
  if (route.page === "reference") {
    const target = route.anchor ? document.getElementById(route.anchor) : null;
    if (target) target.scrollIntoView();
    else window.scrollTo(0, 0);
  }
}

// Registered before the playground mounts, so that leaving the playground unmounts it before its own
// hashchange listener could read a page route as a broken permalink.
window.addEventListener("hashchange", () => show(routeOf(location.hash)));

// Links rendered after load (search hits, "Open in playground", diagnostic links) are mapped when followed.
document.addEventListener(
  "click",
  (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.("a[href]");
    if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== "_self")) return;
    const href = offlineHref(a.getAttribute("href") ?? "", current);
    if (href === null) return;
    event.preventDefault();
    if (href === location.hash) show(routeOf(href));
    else location.hash = href;
  },
  true,
);

show(current);

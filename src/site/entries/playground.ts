/** Entry of the playground page (`index.html`). */
import { mount } from "svelte";
import PlaygroundApp from "../components/PlaygroundApp.svelte";
import "../styles/site.css";

const target = document.getElementById("pp-app");
if (target) {
  target.replaceChildren();
  mount(PlaygroundApp, { target, props: { guideHref: "docs/running-behind-a-reverse-proxy/" } });
}

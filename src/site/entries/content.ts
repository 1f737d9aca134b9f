/**
 * Entry of the content pages. Each scenario block was rendered at build time as static HTML (it reads fine
 * without JavaScript); here it is upgraded into a live mini playground.
 */
import { upgradeContentPage } from "../lib/contentPage.ts";
import { pageSearchIndex } from "../lib/search.ts";
import "../styles/site.css";

upgradeContentPage(document, pageSearchIndex(document));

import { mount } from "svelte";
import App from "./app.svelte";
import "./options.css";

document.title = messenger.i18n.getMessage("optionsTitle");
mount(App, { target: document.body });

/* Mounts the rasa-webchat widget on the chat page and makes it usable with a keyboard. */
(function () {
  "use strict";

  var container = document.getElementById("chat");

  function notice(text) {
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = text;
    container.appendChild(p);
  }

  if (!window.WebChat || typeof window.WebChat.default !== "function") {
    notice("The chat widget is not installed on this server yet (run `make setup`).");
    return;
  }

  // A short pause before each reply, growing with its length, so replies read as a conversation.
  function messageDelay(message) {
    return Math.min(1200, Math.max(300, message.length * 10));
  }

  window.WebChat.default(
    {
      socketUrl: window.location.origin, // this page's own server, whichever name it was opened by
      socketPath: "/socket.io/",
      initPayload: "/greet", // a new conversation opens with the greeting and its topic buttons
      embedded: true,
      withRules: false,
      hideWhenNotConnected: false,
      title: "Deep learning careers",
      connectingText: "Connecting…",
      inputTextFieldHint: "Ask about deep learning careers…",
      profileAvatar: new URL("avatar.svg", document.baseURI).href,
      // The conversation survives a reload; it is forgotten when the tab is closed.
      params: { storage: "session" },
      customMessageDelay: messageDelay
    },
    container
  );

  // Keyboard and screen-reader support the widget lacks: its quick replies are plain <div>s with a
  // click handler, and its input and send button have no accessible names.
  var REPLY = ".rw-reply";

  function enhance(root) {
    root.querySelectorAll(REPLY + ":not([tabindex])").forEach(function (reply) {
      if (reply.tagName !== "A" && reply.tagName !== "BUTTON") {
        reply.setAttribute("role", "button");
        reply.setAttribute("tabindex", "0");
      }
    });
    root.querySelectorAll(".rw-new-message:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", "Your message");
    });
    root.querySelectorAll(".rw-send:not([aria-label])").forEach(function (send) {
      send.setAttribute("aria-label", "Send");
    });
    root.querySelectorAll(".rw-messages-container:not([role])").forEach(function (log) {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-label", "Conversation");
    });
  }

  new MutationObserver(function () { enhance(container); }).observe(container, {
    childList: true,
    subtree: true
  });
  enhance(container);

  container.addEventListener("keydown", function (event) {
    var reply = event.target.closest && event.target.closest(REPLY + '[role="button"]');
    if (!reply || (event.key !== "Enter" && event.key !== " ")) {
      return;
    }
    event.preventDefault();
    reply.click();
    // The replies disappear once one is chosen: carry on typing in the message box.
    var input = container.querySelector(".rw-new-message");
    if (input) {
      input.focus();
    }
  });
})();

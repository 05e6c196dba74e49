/**
 * The contract between the chat-archive host and the plugins that bring it history.
 *
 * <p>A plugin contributes one or more {@link dev.chatarchive.api.HistoryProvider} extensions. The
 * host owns the archive (a SQLite file); a provider never touches it. The host asks a provider
 * three kinds of question:
 *
 * <ol>
 *   <li>which chats it has ({@link dev.chatarchive.api.HistoryProvider#listChats()});
 *   <li>a page of a chat's history, older (or newer) than a message the archive already holds
 *       ({@link dev.chatarchive.api.HistoryProvider#fetchHistory(HistoryRequest)});
 *   <li>what is happening on the provider's side (pairing, connection state), which the provider
 *       tells the host as {@link dev.chatarchive.api.ProviderEvent}s through its
 *       {@link dev.chatarchive.api.ProviderContext}.
 * </ol>
 *
 * <p>Messages may carry an {@link dev.chatarchive.api.Attachment}: a description of the attached file
 * and, when the provider has them, a way to read its bytes ({@link dev.chatarchive.api.AttachmentContent}),
 * which the host copies into its own media store (since api 1.1).
 *
 * <p>Every value type here is an immutable record that refuses invalid values at construction, with
 * a message naming the field and the rule. Failures are typed: {@link
 * dev.chatarchive.api.RetryableProviderException} for conditions that may pass (network, timeout,
 * phone offline), {@link dev.chatarchive.api.PermanentProviderException} for those that will not
 * (unknown chat, corrupt source, logged out).
 *
 * <p>The api is versioned semantically ({@link dev.chatarchive.api.ApiVersion}). A plugin declares
 * {@code Plugin-Requires: ^1.0.0} (or the major it was built against) in its PF4J descriptor; the
 * host refuses plugins that require another major version.
 */
package dev.chatarchive.api;

package dev.chatarchive.host;

/** Entry point of the chat-archive application. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("chat-archive");
    }
}

import Dispatch
import Foundation
import Synchronization

/// The explorer's one concurrency model (docs/architecture.md): `update` is pure and runs on the
/// UI thread; work that may take longer than a frame runs on `Background`, and its result comes
/// back to the UI thread only as a `Message` posted to the `Inbox`, which wakes the run loop.
/// Results shared by many state values are `Lazy` caches (computed once, under their lock).
public enum Background {
    static let queue = DispatchQueue(label: "spanscope.background", qos: .utility, attributes: .concurrent)

    /// Runs `work` off the UI thread.
    public static func run(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    /// Lets go of `object` off the UI thread: the last reference to a generation of live data
    /// frees hundreds of thousands of spans and strings (tens of milliseconds), which on the UI
    /// thread would stall the screen once per generation.
    static func release(_ slot: ReleaseSlot) {
        queue.async { slot.empty() }
    }

    /// Holds the only reference until the background empties it.
    final class ReleaseSlot: @unchecked Sendable {
        private var object: AnyObject?
        init(_ object: AnyObject) { self.object = object }
        func empty() { object = nil }
    }
}

/// Messages posted from other threads to the run loop (data arrived, computation done), like
/// bubbletea's `Program.Send`. A pipe's read end (`fd`) becomes readable when something is
/// waiting, so the loop's wait on the terminal also wakes for messages.
public final class Inbox: Sendable {
    private let queue = Mutex<[Message]>([])
    private let pipeFDs: (read: Int32, write: Int32)

    public init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        pipeFDs = (fds[0], fds[1])
    }

    deinit {
        close(pipeFDs.read)
        close(pipeFDs.write)
    }

    /// Readable while messages wait.
    public var fd: Int32 { pipeFDs.read }

    public func post(_ message: Message) {
        queue.withLock { $0.append(message) }
        var one: UInt8 = 1
        _ = write(pipeFDs.write, &one, 1)  // a full pipe already means "wake up"
    }

    /// Every waiting message, oldest first.
    public func drain() -> [Message] {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(pipeFDs.read, &sink, sink.count) > 0 {}
        return queue.withLock { q in
            let all = q
            q.removeAll()
            return all
        }
    }

    /// Blocks up to `timeoutMs` for a message (headless runs, which have no terminal to wait on).
    public func wait(timeoutMs: Int) -> Bool {
        var p = pollfd(fd: pipeFDs.read, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, Int32(timeoutMs)) > 0
    }
}

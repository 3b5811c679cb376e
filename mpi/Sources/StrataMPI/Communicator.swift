// The few MPI operations strata-mpi needs, over MPI_COMM_WORLD: rank and size, gathering small integers, sending bytes.
import CMPI
import Foundation

/// This process's place in the MPI job. Only the main thread calls MPI (the chains run on other threads).
final class Communicator {
    /// 0-based rank of this process; rank 0 is the lead.
    let rank: Int
    /// Number of processes in the job.
    let size: Int
    /// Largest message sent at once (MPI counts are 32-bit).
    static let chunkBytes = 16 << 20

    init() {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(cmpi_comm_world(), &rank)
        MPI_Comm_size(cmpi_comm_world(), &size)
        self.rank = Int(rank); self.size = Int(size)
    }

    /// Ends MPI and the process with `status` (every rank must come here: mpirun then exits with that status).
    func exit(_ status: Int32) -> Never {
        MPI_Finalize()
        Foundation.exit(status)
    }

    /// Every rank's `value`, in rank order. Waits by polling with short sleeps rather than MPI's busy wait, so a
    /// rank that finished early leaves the cores to the chains of ranks still sampling on the same node.
    func allGather(_ value: Int64) -> [Int64] {
        var mine = value
        var all = [Int64](repeating: 0, count: size)
        var request = MPI_Request(bitPattern: 0)
        all.withUnsafeMutableBytes { buffer in
            MPI_Iallgather(&mine, 1, cmpi_long_long(), buffer.baseAddress, 1, cmpi_long_long(), cmpi_comm_world(), &request)
            var done: Int32 = 0
            while true {
                MPI_Test(&request, &done, cmpi_status_ignore())
                if done != 0 { break }
                usleep(2_000)
            }
        }
        return all
    }

    /// Sends `bytes` to rank `destination` (length first, then chunks of at most ``chunkBytes``).
    func send(_ bytes: Data, to destination: Int) {
        send(Int64(bytes.count), to: destination)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = min(Self.chunkBytes, buffer.count - offset)
                MPI_Send(buffer.baseAddress! + offset, Int32(count), cmpi_byte(), Int32(destination), 0, cmpi_comm_world())
                offset += count
            }
        }
    }

    /// Receives what ``send(_:to:)`` sent from rank `source`, chunk by chunk (`consume` sees each chunk in order).
    func receive(from source: Int, consume: (UnsafeRawBufferPointer) -> Void) {
        let total = Int(receiveInteger(from: source))
        var buffer = [UInt8](repeating: 0, count: min(Self.chunkBytes, max(total, 1)))
        var received = 0
        while received < total {
            let count = min(Self.chunkBytes, total - received)
            buffer.withUnsafeMutableBytes { raw in
                MPI_Recv(raw.baseAddress, Int32(count), cmpi_byte(), Int32(source), 0, cmpi_comm_world(), cmpi_status_ignore())
                consume(UnsafeRawBufferPointer(rebasing: raw[0..<count]))
            }
            received += count
        }
    }

    /// Receives a whole message sent with ``send(_:to:)``.
    func receive(from source: Int) -> Data {
        var data = Data()
        receive(from: source) { data.append(contentsOf: $0) }
        return data
    }

    /// Sends one integer to rank `destination`.
    func send(_ value: Int64, to destination: Int) {
        var value = value
        MPI_Send(&value, 1, cmpi_long_long(), Int32(destination), 0, cmpi_comm_world())
    }

    /// Receives one integer from rank `source`.
    func receiveInteger(from source: Int) -> Int64 {
        var value: Int64 = 0
        MPI_Recv(&value, 1, cmpi_long_long(), Int32(source), 0, cmpi_comm_world(), cmpi_status_ignore())
        return value
    }
}

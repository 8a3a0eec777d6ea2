import ArgumentParser
import LitSearch

/// The preprocessed 3×224×224 tensors of `photos`, one after another, as the image tower reads them.
///
/// - Throws: `ValidationError` naming the first photo that cannot be read or decoded.
func photoTensors(_ photos: [String]) throws -> [Float] {
    var tensors: [Float] = []
    for photo in photos {
        do { tensors += try ImagePipeline().prepare(FileReader().read(photo)).tensor } catch {
            throw ValidationError("cannot read \(photo): \(error)")
        }
    }
    return tensors
}
